// STYLE.md habit 1: plain .ts files under src/lib never import svelte or $app — only
// .svelte.ts and .svelte files meet the framework. This keeps the model testable in Node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const impure = /from\s+['"](svelte|svelte\/[\w-]+|\$app\/[\w/-]+)['"]/;
const offenders = [];
function walk(dir) {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) walk(path);
		else if (name.endsWith('.ts') && !/\.svelte(\.[\w]+)?\.ts$/.test(name)) {
			if (impure.test(readFileSync(path, 'utf8'))) offenders.push(path);
		}
	}
}
walk('src/lib');
if (offenders.length) {
	console.error('These plain .ts files import svelte or $app (move that into a .svelte.ts view):');
	for (const o of offenders) console.error('  ' + o);
	process.exit(1);
}
console.log('purity: plain TypeScript under src/lib stays free of Svelte.');
