import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `pnpm dev` sends API and socket traffic: the server started with its default port. */
const SERVER = 'http://127.0.0.1:3000';

const proxy = {
  '/trpc': { target: SERVER, changeOrigin: true },
  '/socket.io': { target: SERVER, changeOrigin: true, ws: true },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
});
