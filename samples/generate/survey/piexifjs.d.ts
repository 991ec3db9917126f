// Minimal types for piexifjs 1.0.6 (no published typings): the calls the demo generator uses.
// Binary data is passed as "binary strings" (one char per byte), piexifjs's convention.
declare module 'piexifjs' {
  type Rational = [number, number];
  type TagValue = string | number | number[] | Rational | Rational[];
  interface ExifDict {
    '0th'?: Record<number, TagValue>;
    Exif?: Record<number, TagValue>;
    GPS?: Record<number, TagValue>;
    Interop?: Record<number, TagValue>;
    '1st'?: Record<number, TagValue>;
    thumbnail?: string | null;
  }
  const piexif: {
    dump(exif: ExifDict): string;
    insert(exifBinary: string, jpegBinary: string): string;
    load(jpegBinary: string): ExifDict;
    ImageIFD: Record<string, number>;
    ExifIFD: Record<string, number>;
    GPSIFD: Record<string, number>;
    GPSHelper: { degToDmsRational(degrees: number): Rational[] };
  };
  export default piexif;
}
