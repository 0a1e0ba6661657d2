export { createHostPolicy, HOST_NOT_ALLOWED_BODY, useHostCheck } from './host-check.ts';
export { HOST_SETTINGS, resolveHostsConfig, type HostsConfig } from './settings.ts';
