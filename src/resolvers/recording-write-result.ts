import type { RecordingWriteResultResolvers } from '../__generated__/resolvers-types.ts';
import { nullIfNotFound } from '../graphql/errors.ts';

/** A recording write's answer: its recording is read after the write, so it shows what Zoom now has. */
export const RecordingWriteResult: RecordingWriteResultResolvers = {
  id: (result) => result.id,
  fileId: (result) => result.fileId,
  // Nothing left in the library (every file trashed or deleted) is Zoom's 404 code 3301: null.
  recording: (result, _args, { loaders }) => nullIfNotFound(loaders.recordings.loadDetail(result.id)),
};
