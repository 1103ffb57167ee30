/**
 * SVG → PNG with resvg. Fonts: a small set of known system font files when present (fast;
 * Korean glyphs from Nanum Gothic or Noto Sans CJK, loaded only for Korean charts), else
 * every system font.
 */
import { existsSync } from 'node:fs';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/** Korean faces, smallest first: Nanum Gothic (Debian fonts-nanum, ~5 MB) loads ~4× faster than Noto CJK. */
const CJK = [
  ['/usr/share/fonts/truetype/nanum/NanumGothic.ttf', '/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'],
];
const LATIN = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
];

const fontOpts = new Map<boolean, ResvgRenderOptions['font']>();

/** Font options; the large CJK files are loaded only for SVGs that hold CJK text. */
function fonts(needCjk: boolean): ResvgRenderOptions['font'] {
  const hit = fontOpts.get(needCjk);
  if (hit) return hit;
  const cjkFiles = needCjk ? (CJK.find((set) => set.every((f) => existsSync(f))) ?? []) : [];
  const files = [...cjkFiles, ...LATIN.filter((f) => existsSync(f))];
  const family = cjkFiles.length
    ? cjkFiles[0]!.includes('Nanum') ? 'NanumGothic' : 'Noto Sans CJK KR'
    : files.some((f) => f.includes('DejaVu')) ? 'DejaVu Sans' : 'Liberation Sans';
  const opts: ResvgRenderOptions['font'] = files.length
    ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: family, sansSerifFamily: family }
    : { loadSystemFonts: true, defaultFontFamily: 'sans-serif' };
  fontOpts.set(needCjk, opts);
  return opts;
}

/** resvg's options for an SVG string at `scale` × its size. */
function renderOptions(svg: string, scale: number): ResvgRenderOptions {
  const needCjk = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af]/.test(svg);
  return { fitTo: { mode: 'zoom', value: scale }, font: fonts(needCjk), background: 'white' };
}

/** Rasterise an SVG string to PNG bytes at `scale` × its size. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  return new Resvg(svg, renderOptions(svg, scale)).render().asPng();
}

/**
 * svgToPng off the main thread (resvg renders in Node's thread pool), so the report's
 * other work goes on meanwhile. Same bytes as svgToPng.
 */
export async function svgToPngAsync(svg: string, scale = 2): Promise<Uint8Array> {
  return (await renderAsync(svg, renderOptions(svg, scale))).asPng();
}
