// Preloaded into the Prisma CLI only. Its WASM schema engine arms a 10 s timer that it never
// clears, so every `migrate deploy` lingers 10 s after finishing. Unref'd long timers still fire,
// but no longer keep an otherwise finished process alive; open database sockets still do.
const armTimer = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, delay, ...args) {
  const timer = armTimer.call(this, callback, delay, ...args);
  if (delay >= 5000 && typeof timer?.unref === "function") timer.unref();
  return timer;
};
