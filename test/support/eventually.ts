/**
 * Asks `check` every `everyMs` until it answers true (a check that throws counts as false) or
 * `timeoutMs` has passed; says which. Generous by default: on a loaded machine a restarted
 * service takes its time, and a check that comes true returns at once.
 */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 120_000,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}
