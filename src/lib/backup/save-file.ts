/** Offers a file to the person: the browser's own download (or share sheet on phones). */

/** Starts the download of `content` as a file called `name`. */
export function saveFile(name: string, content: string, type: string): void {
	const url = URL.createObjectURL(new Blob([content], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	// Revoked after the browser has taken the file; an immediate revoke can cancel it in Safari.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
