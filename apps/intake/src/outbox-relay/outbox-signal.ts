import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** In-process nudge from the submit handler to the relay ("a row is waiting"), so delivery does not wait for the next poll. */
@Injectable()
export class OutboxSignal extends EventEmitter {
  wake(): void {
    this.emit('wake');
  }
}
