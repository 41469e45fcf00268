import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import type { DeadLetter } from '../../domain/dead-letter.repository';
import { DeadLetters } from '../dead-letters/dead-letters';

/** One dead letter with its original value and headers (within the caller's tenant; the root key sees all). */
@Injectable()
export class GetDeadLetterUseCase {
  constructor(
    private readonly deadLetters: DeadLetters,
  ) {}

  async execute({ tenantId, id }: { tenantId: string | null; id: string }): Promise<DeadLetter> {
    const [found] = await this.deadLetters.letters.findByIds(tenantId, [id]);
    if (!found) throw new NotFoundError('dead_letter_not_found', `No dead letter ${id}${tenantId ? ` for tenant "${tenantId}"` : ''}.`);
    return found;
  }
}
