import { DOMParser, type Document } from '@xmldom/xmldom';
import { ValidationError } from '../errors/app-error';

/**
 * Parses XML text into a DOM for togeojson. Any parse error, however small, refuses the
 * document: a half-read log would store a half track. xmldom neither fetches external
 * entities nor DTDs, so an upload cannot make the server read a file or a URL.
 */
export function parseXmlDocument(text: string, source: string): Document {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (error) {
    throw new ValidationError(`${source}: malformed XML (${(error as Error).message.split('\n')[0]})`);
  }
}
