import * as l10n from '@vscode/l10n';
import { printParseErrorCode, type ParseErrorCode } from 'jsonc-parser';

/** jsonc-parser's error codes in words, translated when the extension has configured its l10n bundle. */
const SYNTAX_MESSAGES: Record<string, () => string> = {
  InvalidSymbol: () => l10n.t('invalid symbol'),
  InvalidNumberFormat: () => l10n.t('invalid number'),
  PropertyNameExpected: () => l10n.t('a property name in double quotes is expected'),
  ValueExpected: () => l10n.t('a value is expected'),
  ColonExpected: () => l10n.t('a colon is expected'),
  CommaExpected: () => l10n.t('a comma is expected'),
  CloseBraceExpected: () => l10n.t('a closing brace is expected'),
  CloseBracketExpected: () => l10n.t('a closing bracket is expected'),
  EndOfFileExpected: () => l10n.t('nothing may follow the dataset'),
  InvalidCommentToken: () => l10n.t('comments are not allowed in JSON'),
  UnexpectedEndOfComment: () => l10n.t('unterminated comment'),
  UnexpectedEndOfString: () => l10n.t('unterminated string'),
  UnexpectedEndOfNumber: () => l10n.t('unterminated number'),
  InvalidUnicode: () => l10n.t('invalid Unicode escape'),
  InvalidEscapeCharacter: () => l10n.t('invalid escape character'),
  InvalidCharacter: () => l10n.t('invalid character'),
};

/**
 * A JSON syntax error in words, in the language of the l10n bundle the extension configured (English
 * in the CLI): what `JSON.parse` says is English only, whatever the display language.
 *
 * @param code The error's code, as jsonc-parser's `parse` or `parseTree` reports it.
 * @returns The message; jsonc-parser's name for a code this does not know.
 */
export function jsonSyntaxMessage(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return SYNTAX_MESSAGES[name]?.() ?? name;
}
