/**
 * The gateway as an operator deploys it: production settings on loopback, any free port, no log lines to write. A
 * module of its own, importing nothing, so the system host can use it before it times importing the gateway.
 */
export const PRODUCTION_ENV = Object.freeze({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' });
