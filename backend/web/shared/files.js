// Files the API sends, saved on the device under the name the server gives them.
import { request } from "./api.js";

/** Save a Blob under a file name, as a download. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Download an API file with the session's token; its name comes from Content-Disposition. */
export async function download(path, fallbackName, accept = "*/*") {
  const response = await request(path, { accept });
  const disposition = response.headers.get("Content-Disposition") || "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  saveBlob(await response.blob(), (encoded && decodeURIComponent(encoded)) || plain || fallbackName);
}
