/**
 * What a refused lib call threw: its code, the field its details name (or null) and its message;
 * fails when the call was not refused.
 */
export async function refusal(work: Promise<unknown>) {
  const err = await work.then(
    () => null,
    (error: unknown) => error as { code: string; message: string; details?: { field?: string | null } },
  );
  if (!err) throw new Error("expected a refusal");
  return { code: err.code, field: err.details?.field ?? null, message: err.message };
}
