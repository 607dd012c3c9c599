import { randomBytes } from 'node:crypto';
import type { ActionType } from './action-types';
import type { UploadBehaviour } from './behaviour';
import type { LifeCycleInput } from './life-cycle';
import type { RowOutcomes } from './failures';
import { planOutcomes } from './failures';
import type { UploadedTable } from './uploaded-table';

export interface MassAction extends LifeCycleInput {
  bulkKey: string;
  fileId: string;
  actionType: ActionType;
  uploadedBy: string;
  inputSize: number;
  table: UploadedTable;
  outcomes: RowOutcomes;
  /** the zipped result, built once the action is terminal and kept */
  resultFile: Uint8Array | null;
}

// Zuora's ids are 32 lowercase hex characters, e.g. 402892f04c97b89a014c97bb30a50003.
function newZuoraId(): string {
  return randomBytes(16).toString('hex');
}

// Whoever owns the OAuth client; Zuora reports the uploader's email.
export const SANDBOX_UPLOADER_EMAIL = 'finance.ops@sandbox.example.com';

/** Every mass action the sandbox knows, by bulk key and by result file id. */
export class MassActionStore {
  private readonly byBulkKey = new Map<string, MassAction>();
  private readonly byFileId = new Map<string, MassAction>();

  create(input: { actionType: ActionType; behaviour: UploadBehaviour; table: UploadedTable; inputSize: number; uploadedAt: number }): MassAction {
    const action: MassAction = {
      ...input,
      bulkKey: newZuoraId(),
      fileId: newZuoraId(),
      uploadedBy: SANDBOX_UPLOADER_EMAIL,
      totalRows: input.table.rows.length,
      outcomes: planOutcomes(input.table, input.actionType, input.behaviour),
      stopRequestedAt: null,
      resultFile: null,
    };
    this.byBulkKey.set(action.bulkKey, action);
    this.byFileId.set(action.fileId, action);
    return action;
  }

  get(bulkKey: string): MassAction | undefined {
    return this.byBulkKey.get(bulkKey);
  }

  getByFileId(fileId: string): MassAction | undefined {
    return this.byFileId.get(fileId);
  }
}
