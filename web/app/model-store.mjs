// The last saved model, kept in this browser (IndexedDB), to open again after a reload.
// Private windows and file:// pages may have no storage: then nothing is kept, quietly.

const DB_NAME = 'movie2vec';
const STORE = 'models';
const KEY = 'last';

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

// bytes: Uint8Array of a .m2v file. Resolves true when it was kept.
export function rememberModel(bytes) {
  saving = saving.then(async () => {
    try {
      const db = await openDb();
      await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put({ bytes, saved: Date.now() }, KEY);
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

// {bytes, saved (ms since 1970)} or null.
export async function lastModel() {
  try {
    const db = await openDb();
    const record = await new Promise((resolve, reject) => {
      const request = db.transaction(STORE).objectStore(STORE).get(KEY);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return record ?? null;
  } catch {
    return null;
  }
}
