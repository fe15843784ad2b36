import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { AgreementEntry, CountryEntry, Entry, PillarEntry } from '../types';
import schema from './dataset.schema.json';

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
}

/** The merged, validated entries plus the phrases that are never references. */
export interface Dataset {
  entries: Map<string, Entry>;
  stopPhrases: string[];
  problems: DatasetProblem[];
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

function describeError(e: ErrorObject): string {
  const where = e.instancePath ? `${e.instancePath} ` : '';
  if (e.keyword === 'enum') return `${where}must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  if (e.keyword === 'if') return '';
  return `${where}${e.message ?? 'is invalid'}`;
}

function errorsOf(errors: ErrorObject[] | null | undefined): string[] {
  return [...new Set((errors ?? []).map(describeError).filter((m) => m.length > 0))];
}

/**
 * Loads, validates and merges dataset layers in order. Every layer goes through the same path, the
 * bundled data included. An entry whose id already exists overrides the earlier entry field by
 * field. An invalid entry is dropped with a problem naming it; the rest of its layer still loads,
 * and a layer that is not a dataset at all is skipped whole: one broken file never breaks the others.
 *
 * @param layers The layers, lowest priority first.
 * @returns The merged dataset and every problem found (schema errors, duplicate ids, dangling references).
 */
export function loadDataset(layers: readonly DatasetLayer[]): Dataset {
  const entries = new Map<string, Entry>();
  const stopPhrases: string[] = [];
  const problems: DatasetProblem[] = [];
  const origin = new Map<string, { layer: string; pointer: string }>();
  const { file: validateFile, entry: validateEntry } = compiled();

  for (const layer of layers) {
    const data = layer.data as { entries?: unknown; stopPhrases?: unknown } | null;
    if (typeof data !== 'object' || data === null || !Array.isArray(data.entries)) {
      problems.push({ layer: layer.name, severity: 'error', pointer: '', message: 'not a Policy Lens dataset: expected an object with an "entries" array' });
      continue;
    }
    if (!validateFile(data)) {
      // Entry errors are reported one by one below; report file-level ones here.
      for (const m of errorsOf(validateFile.errors?.filter((e) => !e.instancePath.startsWith('/entries/')))) {
        problems.push({ layer: layer.name, severity: 'error', pointer: '', message: m });
      }
    }
    if (Array.isArray(data.stopPhrases)) stopPhrases.push(...data.stopPhrases.filter((s): s is string => typeof s === 'string' && s.length > 0));
    const seen = new Set<string>();
    data.entries.forEach((raw: unknown, i: number) => {
      const pointer = `/entries/${i}`;
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
      const entryId = typeof id === 'string' ? id : undefined;
      const previous = entryId ? entries.get(entryId) : undefined;
      const candidate = previous ? { ...previous, ...(raw as object) } : raw;
      if (!validateEntry(candidate)) {
        for (const m of errorsOf(validateEntry.errors)) {
          problems.push({ layer: layer.name, severity: 'error', pointer, message: `entry ${entryId ?? i}: ${m}`, ...(entryId ? { entryId } : {}) });
        }
        return;
      }
      const entry = candidate as Entry;
      if (seen.has(entry.id)) {
        problems.push({ layer: layer.name, severity: 'error', pointer, entryId: entry.id, message: `duplicate id "${entry.id}" in the same file` });
        return;
      }
      seen.add(entry.id);
      entries.set(entry.id, entry);
      origin.set(entry.id, { layer: layer.name, pointer });
    });
  }

  for (const entry of entries.values()) {
    const where = origin.get(entry.id)!;
    const check = (ids: readonly string[] | undefined, field: string, kinds: Entry['kind'][]): void => {
      ids?.forEach((ref, k) => {
        const target = entries.get(ref);
        if (!target || !kinds.includes(target.kind)) {
          problems.push({
            layer: where.layer,
            severity: 'warning',
            pointer: `${where.pointer}/${field}${ids.length > 1 || field !== 'host' ? `/${k}` : ''}`,
            entryId: entry.id,
            message: `entry ${entry.id}: ${field} "${ref}" is not ${target ? `a ${kinds.join(' or ')}` : 'a known entry'}`,
          });
        }
      });
    };
    if (entry.kind === 'agreement') {
      const a = entry as AgreementEntry;
      check(a.parties, 'parties', ['country']);
      check(a.host ? [a.host] : undefined, 'host', ['country']);
      check(a.pillars, 'pillars', ['pillar']);
      check(a.policies, 'policies', ['agreement']);
      if (a.date && a.year !== undefined && !a.date.startsWith(String(a.year))) {
        problems.push({ layer: where.layer, severity: 'warning', pointer: `${where.pointer}/date`, entryId: a.id, message: `entry ${a.id}: date ${a.date} is not in year ${a.year}` });
      }
    } else if (entry.kind === 'pillar') {
      check([(entry as PillarEntry).policy], 'policy', ['agreement']);
    } else {
      check((entry as CountryEntry).members, 'members', ['country']);
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
