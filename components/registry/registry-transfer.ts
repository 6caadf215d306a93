/**
 * The file side of the registry view's Export and Import: the exported file's name, its download
 * through a hidden link, the file a learner picked in the chooser, and how an imported file is named
 * in the status line. The Lab does the export and the import itself (and checks the file).
 */

/** The name an exported version downloads as. */
export function exportFileName(version: string): string {
  return `mlops-lab-${version}.json`;
}

/**
 * Downloads `text` as the JSON file `name`: a hidden link appended to `parent`, clicked and removed;
 * the object URL is revoked after 30 s.
 */
export function downloadJson(parent: ParentNode, name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  parent.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The file picked in the chooser whose `change` event this is; the chooser is emptied, so the same file can be picked again. */
export function takeChosenFile(e: Event): File | undefined {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  return file;
}

/** How the status line names a file to import: its name, or "the file" for text or a nameless Blob. */
export function importedFileName(file: Blob | string): string {
  return typeof file === 'string' ? 'the file' : 'name' in file && typeof file.name === 'string' ? file.name : 'the file';
}
