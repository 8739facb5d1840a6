// Builds the NHS.UK frontend stylesheet Recuse serves, from the installed npm package.
// Run by `npm ci` (the "postinstall" script); the output is git-ignored, like node_modules.
//
// The package's compiled CSS asks assets.nhs.uk for the Frutiger fonts, which are not in the
// package (they are licensed to NHS websites), and points its icons at /assets/images/,
// which is not where Django serves them. So: drop the remote @font-face rules (pages fall
// back to the NHS font stack, Arial, and the Content Security Policy keeps font-src 'self'),
// and point the icons at the package's images under /static/nhsuk/assets/images/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk", "nhsuk-frontend.min.css");
const target = join(root, "node_modules", ".recuse", "nhsuk-frontend.min.css");

let css = readFileSync(source, "utf8");
const before = css.length;
css = css.replace(/@font-face\{[^}]*url\(https?:[^}]*\}/g, "");
css = css.replace(/url\(\/assets\//g, "url(../nhsuk/assets/");
css = css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");
if (/url\(https?:/.test(css) || css.includes("url(/assets/")) {
  throw new Error("nhsuk-frontend.min.css still refers to a remote or misplaced asset");
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, css);
console.log(`Built ${target} (${before} -> ${css.length} bytes)`);
