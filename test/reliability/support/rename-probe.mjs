// Preloaded (with --import) into a CLI under test to reach the middle of an atomic write.
// write-file-atomic and eks-recover write a temporary file and rename it over the target, so
// the moment before the rename is the last one at which the old file is still in place.
//
// EKS_RECOVER_TEST_RENAME_LOG=FILE   appends the target path of every rename to FILE.
// EKS_RECOVER_TEST_PAUSE_RENAME=NAME:N and EKS_RECOVER_TEST_PAUSE_MARKER=FILE
//   hold the Nth rename onto a file called NAME forever (its temporary file is complete),
//   after creating FILE, so a test can stop the process at exactly that point.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.EKS_RECOVER_TEST_RENAME_LOG;
const [pauseName, pauseNth] = (process.env.EKS_RECOVER_TEST_PAUSE_RENAME ?? '').split(':');
const marker = process.env.EKS_RECOVER_TEST_PAUSE_MARKER;
const seen = new Map();

function shouldPause(target) {
  const name = String(target).split('/').pop();
  const count = (seen.get(name) ?? 0) + 1;
  seen.set(name, count);
  if (log) fs.appendFileSync(log, `${target}\n`);
  return pauseName !== undefined && name === pauseName && String(count) === pauseNth;
}

function pause() {
  if (marker) fs.writeFileSync(marker, '');
  // A pending callback alone would let Node.js exit; the timer keeps the process waiting.
  setInterval(() => {}, 60_000);
}

const rename = fs.rename;
fs.rename = function probedRename(from, to, callback) {
  if (shouldPause(to)) return pause();
  return rename.call(this, from, to, callback);
};

const renamePromise = fs.promises.rename;
fs.promises.rename = function probedRenamePromise(from, to) {
  if (shouldPause(to)) {
    pause();
    return new Promise(() => {});
  }
  return renamePromise.call(this, from, to);
};

// Named imports of node:fs and node:fs/promises see the patched functions too.
syncBuiltinESMExports();
