/** The one error type every SDK promise rejects with; `code` says what went wrong. */
import type { SdkErrorCode } from '../shared/sdk-protocol';

export type CoveSdkErrorCode = SdkErrorCode;

export class CoveSdkError extends Error {
  override readonly name = 'CoveSdkError';
  constructor(
    readonly code: CoveSdkErrorCode,
    message: string,
  ) {
    super(message);
  }
}
