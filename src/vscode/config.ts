import * as vscode from 'vscode';
import type { CitationStyle, Severity } from '../core';

/** A check's severity, or off. */
export type CheckSeverity = Severity | 'off';

/** Every `policyLens.*` setting, read in one place. */
export interface PolicyLensConfig {
  highlight: { enabled: boolean; agreements: boolean; pillars: boolean; countries: boolean };
  citationStyle: CitationStyle;
  checks: {
    enabled: boolean;
    severity: {
      inconsistentFacts: CheckSeverity;
      ambiguousReference: CheckSeverity;
      nonCanonicalName: CheckSeverity;
      unknownCitation: CheckSeverity;
      uncatalogued: CheckSeverity;
    };
  };
  /** Show names of engagements the dataset lacks (`policyLens.uncatalogued.enabled`). */
  uncatalogued: boolean;
  tree: { groupBy: 'type' | 'year' | 'classification' | 'partner'; showUncited: boolean; scope: 'file' | 'workspace' };
  /** The largest document analysed, in characters (the setting is in MB, i.e. millions of characters). */
  maxDocumentSize: number;
}

/** Reads the current settings (defaults as declared in package.json). */
export function readConfig(): PolicyLensConfig {
  const c = vscode.workspace.getConfiguration('policyLens');
  return {
    highlight: {
      enabled: c.get('highlight.enabled', true),
      agreements: c.get('highlight.agreements', true),
      pillars: c.get('highlight.pillars', true),
      countries: c.get('highlight.countries', true),
    },
    citationStyle: c.get<CitationStyle>('citation.style', 'footnote'),
    checks: {
      enabled: c.get('checks.enabled', true),
      severity: {
        inconsistentFacts: c.get<CheckSeverity>('checks.severity.inconsistentFacts', 'warning'),
        ambiguousReference: c.get<CheckSeverity>('checks.severity.ambiguousReference', 'information'),
        nonCanonicalName: c.get<CheckSeverity>('checks.severity.nonCanonicalName', 'hint'),
        unknownCitation: c.get<CheckSeverity>('checks.severity.unknownCitation', 'error'),
        uncatalogued: c.get<CheckSeverity>('checks.severity.uncatalogued', 'hint'),
      },
    },
    uncatalogued: c.get('uncatalogued.enabled', true),
    tree: {
      groupBy: c.get('tree.groupBy', 'type'),
      showUncited: c.get('tree.showUncited', false),
      scope: c.get('tree.scope', 'file'),
    },
    maxDocumentSize: Math.max(0, c.get<number>('maxDocumentSize', 20)) * 1e6,
  };
}
