import { ValidationError } from '../errors/app-error';

/**
 * A photo whose metadata holds a value outside its range (an XMP gimbal pitch of +200°): the
 * photo is refused with the reasons and the QC flag `angle_out_of_range`, never retried.
 */
export class MetadataRangeError extends ValidationError {
  readonly qcFlag = 'angle_out_of_range' as const;

  constructor(
    fileName: string,
    readonly problems: string[],
  ) {
    super(`${fileName}: metadata out of range: ${problems.join('; ')}`, problems);
  }
}
