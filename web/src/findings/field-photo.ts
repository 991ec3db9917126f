import { fetchFlights, uploadFlightImages } from '../api/flights-api';

export class FieldPhotoError extends Error {
  constructor(
    readonly reason: 'noFlight' | 'refused',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Keeps a photo a ground team took on the spot through the one path the server stores photos
 * by: the photos of the area's latest flight (`POST /api/flights/:id/images`), so it gets its
 * SHA-256, thumbnail and preview like a drone photo. Returns its image id and name for the
 * finding's evidence or the step's photos.
 */
export async function keepFieldPhoto(file: File, areaId: string): Promise<{ imageId: number; name: string }> {
  const [latest] = await fetchFlights(areaId);
  if (!latest) throw new FieldPhotoError('noFlight', `no flight in area ${areaId}`);
  const reply = await uploadFlightImages(latest.id, [file]);
  const [accepted] = reply.accepted;
  if (!accepted) {
    const [refused] = reply.rejected;
    throw new FieldPhotoError('refused', refused?.message ?? 'refused');
  }
  return { imageId: Number(accepted.id), name: accepted.name };
}
