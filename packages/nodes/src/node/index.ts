export { createNodeHttpClient, isPublicAddress, type NodeHttpClientOptions } from './http-client';
