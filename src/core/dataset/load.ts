import * as l10n from '@vscode/l10n';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import localizeJa from 'ajv-i18n/localize/ja';
import { kindName as kindWord } from '../report/words';
import type { Entry, EntryKind } from '../types';
import schema from './dataset.schema.json';
import { STUB_SUMMARY } from './stub';

/** A problem found while loading a dataset layer. */
export interface DatasetProblem {
  /** The layer's name (a file path or "bundled"). */
  layer: string;
  severity: 'error' | 'warning';
  message: string;
  /** JSON pointer of the offending value, e.g. `/entries/3/parties/0`. */
  pointer: string;
  entryId?: string;
}

/** One source of entries: the bundled data, a workspace file, a settings file. */
export interface DatasetLayer {
  name: string;
  /** Parsed JSON (anything: it is validated here). */
  data: unknown;
  /**
   * The entries this layer contributed the last time it loaded, by id (see `LoadOptions.accepted`).
   * An entry that is now invalid is replaced by its last valid version, so that an entry being
   * edited does not vanish while it is momentarily wrong; the error is still reported.
   */
  lastGood?: ReadonlyMap<string, unknown>;
}

/** How `loadDataset` merges layers onto an already loaded dataset. */
export interface LoadOptions {
  /** Entries already validated (the bundled dataset): the layers are merged onto them and only the layers' own entries are checked. */
  base?: Dataset;
  /**
   * Kinds of the base's entries to leave out (a team that brings its own agreements may not want the
   * bundled ones). References to them are still accepted, and a layer that overrides one of them
   * brings that entry back with its changes.
   */
  disabledKinds?: readonly EntryKind[];
  /** Filled with the entries each layer contributed (its raw JSON, by id), to pass back as `lastGood` on the next load. */
  accepted?: Map<string, Map<string, unknown>>;
}

/** The merged, validated entries plus the phrases that are never references. */
export interface Dataset {
  entries: Map<string, Entry>;
  stopPhrases: string[];
  problems: DatasetProblem[];
}

/** What a layer that is not a dataset at all is told (in the language of the configured l10n bundle). */
export const notADataset = (): string => l10n.t('not a Policy Lens dataset: expected an object with an "entries" array');

/**
 * Whether parsed JSON has the shape of a dataset file (an object with an `entries` array); its
 * entries may still be invalid.
 *
 * @param data Parsed JSON.
 * @returns True for `{ "entries": [...] }`.
 */
export function isDatasetShaped(data: unknown): data is { entries: unknown[]; stopPhrases?: unknown } {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Array.isArray((data as { entries?: unknown }).entries);
}

/** The longest name (label, alias, demonym, stop phrase, cue) a dataset may hold, in characters; the schema says the same. */
export const MAX_NAME_CHARS = 300;
/** The most words a name may have; the schema says the same. */
export const MAX_NAME_WORDS = 40;

/**
 * Characters that change the order text is shown in, or show nothing at all: in a name they make
 * what a writer reads differ from what is matched (the "Trojan Source" trick).
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** A character as a message names it: `U+200B`. */
const codePoint = (char: string): string => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The JSON pointers (inside an entry) of every string that holds an invisible or direction-changing character, with the first such character. */
function invisibleCharacters(value: unknown, path: string, out: Array<{ path: string; char: string }>, depth = 0): void {
  if (depth > 8) return; // deeper than any field of an entry
  if (typeof value === 'string') {
    const m = INVISIBLE.exec(value);
    if (m) out.push({ path, char: codePoint(m[0]) });
  } else if (Array.isArray(value)) value.forEach((v, k) => invisibleCharacters(v, `${path}/${k}`, out, depth + 1));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) if (k !== 'flag') invisibleCharacters(v, `${path}/${k}`, out, depth + 1);
}

/** What a JSON value that should have been an object is, for a message ("a string"). */
function valueKind(type: string): string {
  switch (type) {
    case 'string':
      return l10n.t('a string');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('a boolean');
    default:
      return type;
  }
}

let validators: { file: ValidateFunction; entry: ValidateFunction } | undefined;

/** The schema validators, compiled on first use: compiling costs tens of milliseconds, which loading the module must not. */
function compiled(): { file: ValidateFunction; entry: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validators = { file: ajv.compile(schema), entry: ajv.getSchema(`${schema.$id}#/definitions/entry`)! };
  }
  return validators;
}

/**
 * ajv-i18n's translations of ajv's own messages, by the language tag the l10n bundle gives (see
 * `schemaLanguage`). Only the languages the extension ships a bundle for are imported: each one
 * adds its messages to every bundle, the browser's included.
 */
const SCHEMA_LOCALIZERS: Readonly<Record<string, (errors: ErrorObject[]) => void>> = { ja: localizeJa };

/**
 * The language of the configured l10n bundle, as a tag: the core has no other way to know it (the
 * extension hands it the display language's bundle, the CLI none), and ajv's messages must follow
 * the same language as ours.
 */
function schemaLanguage(): string {
  return l10n.t({
    message: 'en',
    comment: [
      'The language tag of this translation (ja, fr, de…): it chooses the language of the JSON Schema messages (ajv-i18n). Not shown.',
    ],
  });
}

/** Puts ajv's messages into the bundle's language, in place; English (no bundle) keeps ajv's own. */
function localizeSchemaErrors(errors: ErrorObject[] | null | undefined): void {
  if (errors && errors.length > 0) SCHEMA_LOCALIZERS[schemaLanguage()]?.(errors);
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath;
  if (e.keyword === 'enum')
    return l10n.t('{0} must be one of {1}', at, (e.params as { allowedValues: unknown[] }).allowedValues.join(', ')).trim();
  if (e.keyword === 'pattern' && e.schemaPath.includes('/name/'))
    return l10n.t('{0} must be a name of at most {1} words (longer ones are never matched)', at, MAX_NAME_WORDS).trim();
  if (e.keyword === 'maxLength' && e.schemaPath.includes('/name/'))
    return l10n.t('{0} must be a name of at most {1} characters (longer ones are never matched)', at, MAX_NAME_CHARS).trim();
  if (e.keyword === 'pattern' && e.instancePath.endsWith('/flag'))
    return l10n.t('{0} must be one flag emoji, or a short plain text of letters and digits (at most 8 characters)', at).trim();
  // ajv-i18n leaves this one in English in some languages (Japanese among them).
  if (e.keyword === 'const')
    return l10n.t('{0} must be {1}', at, JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)).trim();
  if (e.keyword === 'if') return '';
  return `${at ? `${at} ` : ''}${e.message ?? e.keyword}`;
}

/** Each distinct error with the JSON pointer, inside the entry, of the value it is about. */
function entryErrorsOf(errors: ErrorObject[] | null | undefined): Array<{ path: string; message: string }> {
  const seen = new Set<string>();
  const out: Array<{ path: string; message: string }> = [];
  localizeSchemaErrors(errors);
  for (const e of errors ?? []) {
    const message = describeError(e);
    if (!message || seen.has(message)) continue;
    seen.add(message);
    const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    out.push({ path: `${e.instancePath}${extra}`, message });
  }
  return out;
}

/** A stop phrase the schema accepts as a name: others are reported by the schema and left out. */
function isAcceptableName(s: unknown): s is string {
  return typeof s === 'string' && s.trim().length > 0 && s.length <= MAX_NAME_CHARS && s.trim().split(/\s+/).length <= MAX_NAME_WORDS;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether an ISO date the schema accepts (YYYY, YYYY-MM, YYYY-MM-DD) names a real day: the schema lets 2023-02-30 through. */
function isRealDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  if (month === undefined || day === undefined) return true;
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * Loads, validates and merges dataset layers in order. Every layer goes through the same path, the
 * bundled data included. An entry whose id already exists overrides the earlier entry field by
 * field. An invalid entry is dropped with a problem naming it; the rest of its layer still loads,
 * and a layer that is not a dataset at all is skipped whole: one broken file never breaks the others.
 *
 * @param layers The layers, lowest priority first.
 * @param options A base dataset to merge onto (its kinds possibly left out), and where to record what each layer contributed.
 * @returns The merged dataset and every problem found (schema errors, duplicate ids, dangling references).
 */
export function loadDataset(layers: readonly DatasetLayer[], options: LoadOptions = {}): Dataset {
  const entries = new Map<string, Entry>();
  const stopPhrases: string[] = [];
  const problems: DatasetProblem[] = [];
  /** Where each entry that came from a layer was last defined; the base's entries were checked when it was loaded. */
  const origin = new Map<string, { layer: string; pointer: string }>();
  const known = new Set<string>();
  const { file: validateFile, entry: validateEntry } = compiled();
  // Bundled entries of a switched-off kind: a user file that overrides one brings it back with its
  // changes (naming an entry is the clearest way to want it), instead of the override failing as a
  // new entry without a kind.
  const switchedOff = new Map<string, Entry>();
  if (options.base) {
    const disabled = new Set(options.disabledKinds ?? []);
    for (const [id, entry] of options.base.entries) {
      known.add(id);
      if (!disabled.has(entry.kind)) entries.set(id, entry);
      else switchedOff.set(id, entry);
    }
    stopPhrases.push(...options.base.stopPhrases);
  }

  for (const layer of layers) {
    const data = layer.data;
    if (!isDatasetShaped(data)) {
      problems.push({ layer: layer.name, severity: 'error', pointer: '', message: notADataset() });
      continue;
    }
    if (!validateFile(data)) {
      // Entry errors are reported one by one below; report file-level ones here.
      for (const e of entryErrorsOf(validateFile.errors?.filter((e) => !e.instancePath.startsWith('/entries/')))) {
        problems.push({ layer: layer.name, severity: 'error', pointer: e.path, message: e.message });
      }
      // An override is checked merged with the entry it changes, which cannot tell a misspelt field: the file schema can.
      const unknown =
        validateFile.errors?.filter((e) => e.keyword === 'additionalProperties' && /^\/entries\/\d+$/.test(e.instancePath)) ?? [];
      for (const e of entryErrorsOf(unknown)) {
        problems.push({
          layer: layer.name,
          severity: 'warning',
          pointer: e.path,
          message: l10n.t('{0}: "{1}" is not a field of an override, and is ignored', e.message, e.path.split('/').pop()!),
        });
      }
    }
    if (Array.isArray(data.stopPhrases))
      data.stopPhrases.forEach((s: unknown, k: number) => {
        if (!isAcceptableName(s)) return; // the schema errors say why
        stopPhrases.push(s);
        const invisible = INVISIBLE.exec(s);
        if (invisible)
          problems.push({
            layer: layer.name,
            severity: 'warning',
            pointer: `/stopPhrases/${k}`,
            message: l10n.t(
              'stop phrase {0} holds an invisible or direction-changing character ({1}): what is shown may differ from what is matched',
              k,
              codePoint(invisible[0]),
            ),
          });
      });
    const seen = new Set<string>();
    const accepted = new Map<string, unknown>();
    options.accepted?.set(layer.name, accepted);
    data.entries.forEach((raw: unknown, i: number) => {
      const pointer = `/entries/${i}`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        const what = raw === null ? 'null' : Array.isArray(raw) ? l10n.t('an array') : valueKind(typeof raw);
        problems.push({ layer: layer.name, severity: 'error', pointer, message: l10n.t('entry {0}: must be an object, not {1}', i, what) });
        return;
      }
      const id = (raw as { id?: unknown }).id;
      const entryId = typeof id === 'string' ? id : undefined;
      if (entryId && seen.has(entryId)) {
        problems.push({
          layer: layer.name,
          severity: 'error',
          pointer: `${pointer}/id`,
          entryId,
          message: l10n.t('duplicate id "{0}" in the same file', entryId),
        });
        return;
      }
      if (entryId) seen.add(entryId);
      const kind = (raw as { kind?: unknown }).kind;
      const existing = entryId ? (entries.get(entryId) ?? switchedOff.get(entryId)) : undefined;
      if (existing && kind !== undefined && kind !== existing.kind) {
        // Turning Japan into an agreement would break every agreement that lists it as a party.
        problems.push({
          layer: layer.name,
          severity: 'error',
          pointer: `${pointer}/kind`,
          entryId: entryId!,
          message: l10n.t(
            'entry {0}: an entry with this id is a {1}; an entry cannot change kind, so this one is ignored and the {1} stays (give it another id, or leave out "kind" to change fields)',
            entryId!,
            kindWord(existing.kind),
          ),
        });
        return;
      }
      const invisible: Array<{ path: string; char: string }> = [];
      invisibleCharacters(raw, '', invisible);
      for (const v of invisible) {
        problems.push({
          layer: layer.name,
          severity: 'warning',
          pointer: `${pointer}${v.path}`,
          ...(entryId ? { entryId } : {}),
          message: l10n.t(
            'entry {0}: {1} holds an invisible or direction-changing character ({2}): what is shown may differ from what is matched',
            entryId ?? i,
            v.path,
            v.char,
          ),
        });
      }
      const merged = (own: unknown): unknown => {
        const previous = entryId ? (entries.get(entryId) ?? switchedOff.get(entryId)) : undefined;
        return previous && typeof own === 'object' && own !== null ? { ...previous, ...own } : own;
      };
      let candidate = merged(raw);
      let used: unknown = raw;
      const errors = validateEntry(candidate) ? [] : entryErrorsOf(validateEntry.errors);
      const date = (candidate as { date?: unknown }).date;
      if (errors.length === 0 && typeof date === 'string' && !isRealDate(date))
        errors.push({ path: '/date', message: l10n.t('/date {0} is not a real date', date) });
      if (errors.length > 0) {
        const fallback = entryId ? layer.lastGood?.get(entryId) : undefined;
        const kept = fallback !== undefined && validateEntry(merged(fallback));
        const note = kept
          ? l10n.t(' (its last valid version stays in use)')
          : entryId && !entries.has(entryId) && !switchedOff.has(entryId) && !kind
            ? l10n.t(' (no entry has this id, so this is a new entry and needs a kind)')
            : '';
        for (const e of errors) {
          problems.push({
            layer: layer.name,
            severity: 'error',
            pointer: `${pointer}${e.path}`,
            message: l10n.t('entry {0}: {1}', entryId ?? i, e.message) + note,
            ...(entryId ? { entryId } : {}),
          });
        }
        if (!kept) return;
        candidate = merged(fallback);
        used = fallback;
      }
      const entry = candidate as Entry;
      accepted.set(entry.id, used);
      entries.set(entry.id, entry);
      known.add(entry.id);
      origin.set(entry.id, { layer: layer.name, pointer });
    });
  }

  for (const [id, where] of origin) {
    const entry = entries.get(id)!;
    const check = (ids: readonly string[] | undefined, field: string, kind: Entry['kind']): void => {
      ids?.forEach((ref, k) => {
        const target = entries.get(ref);
        if (target ? target.kind !== kind : !known.has(ref)) {
          problems.push({
            layer: where.layer,
            severity: 'warning',
            pointer: `${where.pointer}/${field}${ids.length > 1 || (field !== 'host' && field !== 'policy') ? `/${k}` : ''}`,
            entryId: entry.id,
            message: target
              ? l10n.t('entry {0}: {1} "{2}" is not a {3}', entry.id, field, ref, kindWord(kind))
              : l10n.t('entry {0}: {1} "{2}" is not a known entry', entry.id, field, ref),
          });
        }
      });
    };
    if (entry.summary === STUB_SUMMARY) {
      problems.push({
        layer: where.layer,
        severity: 'warning',
        pointer: `${where.pointer}/summary`,
        entryId: entry.id,
        message: l10n.t(
          'entry {0}: the summary is still the placeholder of a stub; write one or two sentences and check the fields read from the draft',
          entry.id,
        ),
      });
    }
    if (entry.kind === 'agreement') {
      const a = entry;
      check(a.parties, 'parties', 'country');
      check(a.host ? [a.host] : undefined, 'host', 'country');
      check(a.pillars, 'pillars', 'pillar');
      check(a.policies, 'policies', 'agreement');
      if (a.date && a.year !== undefined && !a.date.startsWith(String(a.year))) {
        problems.push({
          layer: where.layer,
          severity: 'warning',
          pointer: `${where.pointer}/date`,
          entryId: a.id,
          message: l10n.t('entry {0}: date {1} is not in year {2}', a.id, a.date, a.year),
        });
      }
    } else if (entry.kind === 'pillar') {
      check([entry.policy], 'policy', 'agreement');
    } else {
      check(entry.members, 'members', 'country');
    }
  }
  return { entries, stopPhrases, problems };
}

/**
 * The year of an agreement: its `year`, or the year of its `date`.
 *
 * @param entry Any entry.
 * @returns The year, or undefined for entries without one.
 */
export function entryYear(entry: Entry): number | undefined {
  if (entry.kind !== 'agreement') return undefined;
  return entry.year ?? (entry.date ? Number(entry.date.slice(0, 4)) : undefined);
}
