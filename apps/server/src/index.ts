// The server's storage layer; the tRPC API, Socket.IO gateway and RunService build on it.
export * from './storage';
