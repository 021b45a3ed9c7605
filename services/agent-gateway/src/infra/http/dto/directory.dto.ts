import { ApiProperty } from '@nestjs/swagger';
import { schemas } from '@threadline/contracts';
import type { z } from 'zod';

type ImportStatus = z.infer<typeof schemas.importStatus>;
type ImportRejection = z.infer<typeof schemas.importRejection>;

export class ImportStatusDto implements ImportStatus {
  @ApiProperty({ format: 'uuid' })
  importId!: string;

  @ApiProperty({ enum: schemas.importFormat.options })
  format!: ImportStatus['format'];

  @ApiProperty({ type: String, nullable: true })
  fileName!: string | null;

  @ApiProperty({ description: 'The admin who uploaded it' })
  requestedBy!: string;

  @ApiProperty({
    enum: schemas.importState.options,
    description: 'stalled: no chunk arrived for a while; upload the file again with the same Idempotency-Key',
  })
  state!: ImportStatus['state'];

  @ApiProperty({ description: 'Data rows in the file, readable or not' })
  totalRows!: number;

  @ApiProperty()
  processedRows!: number;

  @ApiProperty()
  acceptedRows!: number;

  @ApiProperty()
  rejectedRows!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

export class ImportRejectionDto implements ImportRejection {
  @ApiProperty({
    description: 'CSV: the data row (the header is not counted), from 1; JSON: the array index + 1',
  })
  rowNumber!: number;

  @ApiProperty({
    example: 'mobile',
    description: 'The field key, or * for a row that could not be read at all',
  })
  field!: string;

  @ApiProperty({ example: '"12" is not a phone number' })
  reason!: string;
}

export class ImportStatusPageDto {
  @ApiProperty({ type: () => ImportStatusDto })
  status!: ImportStatusDto;

  @ApiProperty({
    type: [ImportRejectionDto],
    description: 'In row order; a row’s rejections are never split',
  })
  rejections!: ImportRejectionDto[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Pass as rejectionsAfterRow for the next page; null on the last page',
  })
  nextRejectionsAfterRow!: number | null;
}

/** One element of a JSON upload (a CSV upload has the same columns in snake case). */
export class DirectoryImportRowDto {
  @ApiProperty({ description: 'CSV column external_id; rows are upserted by it' })
  externalId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ required: false })
  email?: string;

  @ApiProperty({ required: false, description: 'Normalised to E.164 by profile' })
  mobile?: string;

  @ApiProperty({ required: false, type: [String], description: 'CSV column other_phones, separated by ;' })
  otherPhones?: string[];

  @ApiProperty({ required: false, default: true })
  active?: boolean;
}
