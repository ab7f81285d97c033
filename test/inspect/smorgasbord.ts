/**
 * otel_smorgasbord_1_13_1.json (sdk-typescript's interceptor tests: a timer, activities, a child
 * workflow, a local activity, signals) read two ways: through the loader, and as raw JSON so that
 * tests can count what the file holds without our code in between.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHistory } from '../../src/engine/history/index.ts';
import { historiesDir } from '../paths.ts';

export const SMORGASBORD = 'otel_smorgasbord_1_13_1.json';

export function smorgasbordBytes(): Buffer {
  return readFileSync(join(historiesDir('sdk-typescript'), SMORGASBORD));
}

export interface RawEvent {
  eventId: string;
  eventType: string;
  [attributes: string]: unknown;
}

export function smorgasbordRaw(): RawEvent[] {
  return (JSON.parse(smorgasbordBytes().toString('utf8')) as { events: RawEvent[] }).events;
}

export function smorgasbord() {
  return loadHistory(smorgasbordBytes(), { name: SMORGASBORD });
}

/** `EVENT_TYPE_TIMER_FIRED` → `TimerFired`. */
export const typeName = (raw: string) =>
  raw
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
