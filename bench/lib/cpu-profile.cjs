// Preloaded (node -r) by bench/profile.ts: V8's sampling profiler driven by SIGUSR2, so the profile
// covers the load only (not the start-up) and is written while the process still runs.
// First SIGUSR2 starts profiling; the second stops it and writes the profile to $QL_CPU_PROFILE.
const inspector = require('node:inspector');
const fs = require('node:fs');
const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
    return;
  }
  session.post('Profiler.stop', (err, res) => {
    if (!err) fs.writeFileSync(process.env.QL_CPU_PROFILE, JSON.stringify(res.profile));
  });
});
