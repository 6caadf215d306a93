/**
 * Entry point of the dedicated CSV Worker: a CsvReaderHost whose events are posted to the page, the
 * encoded table's buffers transferred (not copied).
 */
import type { CsvReaderCommand } from './csv-protocol';
import { CsvReaderHost } from './csv-host';

const host = new CsvReaderHost((event, transfer) => postMessage(event, { transfer }));
addEventListener('message', (e: MessageEvent<CsvReaderCommand>) => void host.handle(e.data));
