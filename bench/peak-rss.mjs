// Loaded with `node --import` into a measured process: on exit, writes the process's peak
// resident set (all its threads, in KiB as getrusage gives it) to $PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
