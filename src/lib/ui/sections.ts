/** The app's sections, in navigation order. Only sections that exist are listed. */
export interface Section {
	href: string;
	label: string;
	/** An SVG path (24×24 viewBox), drawn as a stroke. */
	icon: string;
	/** In the phone's bottom bar (at most four, beside More); the rest are listed under More. */
	phone?: boolean;
	/** Other paths that belong to this section. */
	also?: string[];
}

export const sections: Section[] = [
	{ href: '/', label: 'Home', icon: 'M3 11.5 12 4l9 7.5M5.5 10v9.5h13V10', phone: true },
	{
		href: '/contract',
		label: 'Contract',
		icon: 'M6 3.5h8.5L18 7v13.5H6zM14.5 3.5V7H18M9 11h6M9 14.5h6M9 18h3.5',
		phone: true
	},
	{ href: '/tracker', label: 'Tracker', icon: 'M4 4v16h16M8 15l3.5-4 3 2.5L19 8', phone: true },
	{
		href: '/checkin',
		label: 'Check-in',
		icon: 'M3.5 5h11v8h-6l-3 3v-3h-2zM14.5 9h6v7.5H19V19l-3-2.5h-5.5V13',
		phone: true,
		also: ['/setbacks']
	},
	{
		href: '/journal',
		label: 'Journal',
		icon: 'M6 4h11.5v16H8a2 2 0 0 1-2-2zM6 18a2 2 0 0 1 2-2h9.5M9.5 8h5'
	},
	{
		href: '/arc',
		label: 'Our arc',
		icon: 'M3 19a9 9 0 0 1 18 0M7 19a5 5 0 0 1 10 0M12 4v2'
	},
	{
		href: '/settings',
		label: 'Settings',
		icon: 'M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7ZM19 12l2-1.2-2-3.5-2.2.6-1.6-1-.6-2.4h-4l-.6 2.4-1.6 1-2.2-.6-2 3.5L5 12l-2 1.2 2 3.5 2.2-.6 1.6 1 .6 2.4h4l.6-2.4 1.6-1 2.2.6 2-3.5z'
	}
];

/** On phones, the sections not in the bottom bar are listed on this page. */
export const more: Section = {
	href: '/more',
	label: 'More',
	icon: 'M5 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2zM12 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2zM19 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2z',
	also: sections.filter((s) => !s.phone).map((s) => s.href)
};

const within = (href: string, path: string) =>
	href === '/' ? path === '/' : path === href || path.startsWith(href + '/');

/** Whether a section is the current one for a path. */
export function isCurrent(section: Section, path: string): boolean {
	return within(section.href, path) || !!section.also?.some((href) => within(href, path));
}
