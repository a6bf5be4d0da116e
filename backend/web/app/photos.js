// Photos are made smaller on the phone before they are stored and sent: at most 1600 px on the
// longest side, re-encoded as JPEG through a canvas (which also leaves the camera's metadata behind).
export const MAX_SIDE = 1600;

export async function downscale(file, maxSide = MAX_SIDE, quality = 0.85) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new Error(`« ${file.name} » ne peut pas être lue : choisissez une photo (JPEG ou PNG).`);
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
  if (!blob) throw new Error("La photo n'a pas pu être préparée : réessayez.");
  return blob;
}
