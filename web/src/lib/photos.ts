/**
 * Disposal photos are shrunk on the phone before upload: a phone camera's
 * 12-megapixel JPEG is several MB over a mobile link, 1600 px is plenty to
 * show the site was cleared. Re-encoding also drops the EXIF block.
 */
export const MAX_PHOTO_EDGE = 1600;
/** DisposeBody.photoIds allows nine. */
export const MAX_PHOTOS = 9;
const JPEG_QUALITY = 0.85;

/** The size that fits within max×max keeping the aspect ratio; never enlarged. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The photo as a JPEG no larger than `max` px on its long edge, upright as the camera meant it. */
export async function resizePhoto(photo: Blob, max = MAX_PHOTO_EDGE): Promise<Blob> {
  const bitmap = await createImageBitmap(photo, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, max);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('canvas unavailable');
    // JPEG has no transparency: a transparent PNG would otherwise turn black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))),
        'image/jpeg',
        JPEG_QUALITY,
      ),
    );
  } finally {
    bitmap.close();
  }
}
