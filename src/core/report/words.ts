import * as l10n from '@vscode/l10n';
import type { CountryEntry, EntryKind } from '../types';

/**
 * The display name of an agreement's classification, in the editor's language when the extension
 * has configured `@vscode/l10n` with its bundle (in English otherwise, as in the CLI).
 *
 * @param classification A classification from the schema's enum; anything else is shown as written.
 * @returns "Bilateral", "Multilateral", "Unilateral" or the classification itself.
 */
export function classificationName(classification: string): string {
  switch (classification) {
    case 'bilateral':
      return l10n.t('Bilateral');
    case 'multilateral':
      return l10n.t('Multilateral');
    case 'unilateral':
      return l10n.t('Unilateral');
    default:
      return classification;
  }
}

/**
 * The lower-case name of an entry kind, for details and pickers, translated like `classificationName`.
 *
 * @param kind An entry kind.
 * @returns "agreement", "pillar" or "country".
 */
export function kindName(kind: EntryKind): string {
  switch (kind) {
    case 'agreement':
      return l10n.t('agreement');
    case 'pillar':
      return l10n.t('pillar');
    case 'country':
      return l10n.t('country');
  }
}

/**
 * The lower-case name of a country entry's type, translated like `classificationName`.
 *
 * @param type A country entry's type.
 * @returns "country" or "bloc".
 */
export function countryTypeName(type: CountryEntry['type']): string {
  return type === 'bloc' ? l10n.t('bloc') : l10n.t('country');
}
