import { pino, type Logger } from 'pino';

/** A pino logger whose JSON lines a test can read back (`lines`, parsed), at `info` unless told otherwise. */
export function createCapturingLogger(level: pino.LevelWithSilent = 'info'): { logger: Logger; lines: Array<Record<string, any>> } {
  const lines: Array<Record<string, any>> = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}
