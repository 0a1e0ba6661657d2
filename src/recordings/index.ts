/** Playable recording links: the gateway's own signed, short-lived `/recordings/...` URLs that stream from Zoom. */
export {
  createPlayableLinks,
  RECORDING_LINK_PATH,
  type PlayableLinks,
  type PlayableLinksOptions,
  type RecordingLinkCheck,
  type RecordingLinkRefusal,
  type RecordingLinkTarget,
  type SignedRecordingLink,
} from './playable-links.ts';
export { registerRecordingRoute, type RecordingRouteCode, type RecordingRouteDeps } from './route.ts';
export {
  RECORDING_LINK_DEFAULTS,
  RECORDING_LINK_SETTINGS,
  resolveRecordingLinksConfig,
  type RecordingLinksConfig,
} from './settings.ts';
