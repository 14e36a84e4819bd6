import type { z } from "zod";
import { type Claim, EvidenceId, type ExplanationProposal } from "@/lib/agent/schemas";

// How a rule-based explanation is put together: short claims, each citing the evidence it rests
// on, and only evidence Vigil holds (the validator checks every id), in plain bounded text.

export type ExplanationClaim = z.infer<typeof Claim>;

/** An explanation says a few things well: more than this and nobody reads to the end. */
export const MAX_CLAIMS = 6;
const MAX_CLAIM_TEXT = 2000;
const ELLIPSIS = "…";

// Data from the database can not hold NUL or lone surrogates, but the templates are pure and take
// anything: what they are given must still make storable text.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text fit to store and read: unstorable characters replaced, cut to `max` characters (whole code points). */
export function clip(value: string, max = 200): string {
  const clean = value.replace(UNSTORABLE, "\uFFFD").replace(/\s+/g, " ").trim();
  const points = [...clean];
  return points.length <= max ? clean : `${points.slice(0, max - 1).join("")}${ELLIPSIS}`;
}

/** Any value as short readable text (attribute values are JSON of any shape). */
export function shown(value: unknown, max = 80): string {
  if (value === null || value === undefined) return "(none)";
  if (typeof value === "string") return clip(JSON.stringify(value), max);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return clip(json ?? String(value), max);
}

/** A number as people read it: up to four significant digits, thousands separated. */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "unknown";
  return value.toLocaleString("en", { maximumSignificantDigits: 4 });
}

/** A fraction as a percentage: 0.995 → 99.5%. */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "unknown";
  return `${Number((value * 100).toPrecision(4))}%`;
}

/** An ISO time to the minute, in UTC. */
export function minute(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return "an unknown time";
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Ends the text as a sentence when it does not end with one. */
export const stop = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const citable = (id: unknown): id is string => typeof id === "string" && EvidenceId.safeParse(id).success;

/**
 * A claim as a template drafts it: the well-formed citations it would like (an address too long or
 * unstorable to be an evidence id is dropped), before Vigil says which it holds.
 */
export function claim(text: string, ...citations: (string | null | undefined | false)[]): ExplanationClaim {
  return { text: clip(text, MAX_CLAIM_TEXT), citations: citations.filter(citable) };
}

/** Every id a draft would cite, once each: what is looked up before citing. */
export function wantedEvidence(claims: readonly ExplanationClaim[]): string[] {
  return [...new Set(claims.flatMap((c) => c.citations))];
}

/** The draft with each claim citing only well-formed ids Vigil holds, once each, at most 20. */
export function citeKnown(claims: readonly ExplanationClaim[], known: ReadonlySet<string>): ExplanationClaim[] {
  return claims.slice(0, MAX_CLAIMS).map((c) => ({
    text: c.text,
    citations: [...new Set(c.citations)].filter((id) => known.has(id) && citable(id)).slice(0, 20),
  }));
}

export function explanation(subject: string, claims: readonly ExplanationClaim[]): ExplanationProposal {
  return { kind: "explanation", subject, claims: claims.slice(0, MAX_CLAIMS) };
}
