import type * as vscode from 'vscode';
import { DRAFT_LANGUAGE_IDS, isDraftLanguage } from '../core';

/** Every provider's document selector: one filter per draft language (Markdown, Quarto, R Markdown; see core/drafts.ts). */
export const DRAFT_SELECTOR: vscode.DocumentFilter[] = DRAFT_LANGUAGE_IDS.map((language) => ({ language }));

/** Whether a document is in a draft language: Markdown, Quarto or R Markdown, or a `.qmd` opened as Markdown through `files.associations`. */
export function hasDraftLanguage(document: vscode.TextDocument): boolean {
  return isDraftLanguage(document.languageId);
}
