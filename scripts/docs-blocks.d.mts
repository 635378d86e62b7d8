/** One runnable block: where it is and its code. */
export interface Block {
  doc: string;
  index: number;
  line: number;
  code: string;
}
export function extractTsBlocks(doc: string, text: string): Block[];
