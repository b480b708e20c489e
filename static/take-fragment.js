// Runs before the app itself: an invite's or device link's key leaves the address bar, and so
// the browser's history, at once. The app reads it from sessionStorage (this tab only).
(function () {
	try {
		var hash = location.hash;
		if (hash.length < 2 || location.pathname.replace(/\/+$/, '') !== '/join') return;
		sessionStorage.setItem('kept.fragment', hash.slice(1));
		history.replaceState(history.state, '', location.pathname + location.search);
	} catch {
		// Without sessionStorage the key stays where it is, and the join page takes it from there.
	}
})();
