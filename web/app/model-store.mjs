// The last saved model, kept in this browser (IndexedDB), to open again after a reload; and a
// copy of the model in use, to bring back if the background worker dies. Private windows and
// file:// pages may have no storage: then the saved model is not kept, quietly, and the copy of
// the model in use stays in this page's memory instead.

const DB_NAME = 'movie2vec';
const STORE = 'models';
const KEY = 'last';
const IN_USE = 'in-use';

function openDb() {
  return new Promise((resolve, reject) => {
    if (!self.indexedDB) { reject(new Error('no IndexedDB')); return; }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Saves run one after another, so the last model saved is the one kept.
let saving = Promise.resolve();

function put(key, bytes) {
  saving = saving.then(async () => {
    try {
      const db = await openDb();
      await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put({ bytes, saved: Date.now() }, key);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return true;
    } catch {
      return false;
    }
  });
  return saving;
}

async function get(key) {
  await saving;
  try {
    const db = await openDb();
    const record = await new Promise((resolve, reject) => {
      const request = db.transaction(STORE).objectStore(STORE).get(key);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return record ?? null;
  } catch {
    return null;
  }
}

// bytes: Uint8Array of a .m2v file. Resolves true when it was kept.
export const rememberModel = (bytes) => put(KEY, bytes);

// {bytes, saved (ms since 1970)} or null.
export const lastModel = () => get(KEY);

let inUseHere = null; // the copy, when IndexedDB would not take it

// Keeps a copy of the model in use (a .m2v file's bytes, or the File it was opened from; null:
// there is none).
export async function keepModelInUse(bytes) {
  inUseHere = (await put(IN_USE, bytes)) ? null : bytes;
}

// The copy of the model in use (Uint8Array or Blob), or null.
export async function modelInUse() {
  if (inUseHere) return inUseHere;
  return (await get(IN_USE))?.bytes ?? null;
}
