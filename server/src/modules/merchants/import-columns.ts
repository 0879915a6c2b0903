/**
 * The registry's spreadsheet columns (docs/merchants.md#import-and-export):
 * the headers as the bureau's survey sheet has them, the English names and a
 * few common variants a person might type. Import, export and the template
 * share this one list, so an exported file imports again.
 */

/** A column an import reads. */
export type ImportColumnKey =
  | 'name'
  | 'kind'
  | 'operatorName'
  | 'operatorPhone'
  | 'businessType'
  | 'storefrontDescription'
  | 'businessTools'
  | 'address'
  | 'lng'
  | 'lat'
  | 'crs'
  | 'cardIssuedOn'
  | 'cardIssuedBy'
  | 'active';

/** Columns only an export writes; an import skips them without a note, so an export re-imports quietly. */
export type ExportOnlyColumnKey = 'id' | 'subDistrict' | 'grid' | 'grade' | 'gradeSince' | 'countingViolations';

export interface ColumnSpec<K extends string> {
  key: K;
  /** The header written to files: the bureau's own word. */
  header: string;
  /** The English header the import also takes. */
  english: string;
  /** Other spellings a sheet may use. */
  aliases: readonly string[];
}

export interface ImportColumn extends ColumnSpec<ImportColumnKey> {
  /** Without this column a file cannot be imported at all. */
  required: boolean;
  /** The template's example row. */
  example: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'name',
    header: '店名',
    english: 'name',
    aliases: ['名称', '店铺名称', '商户名称', '摊位名称', '店招'],
    required: true,
    example: '老王烧饼',
  },
  {
    key: 'kind',
    header: '类型',
    english: 'kind',
    aliases: ['商户类型', '经营形式'],
    required: true,
    example: '门店',
  },
  {
    key: 'operatorName',
    header: '经营者',
    english: 'operator',
    aliases: ['经营者姓名', '负责人', '业主', 'operatorName', 'operator name'],
    required: false,
    example: '王建国',
  },
  {
    key: 'operatorPhone',
    header: '联系电话',
    english: 'phone',
    aliases: ['电话', '手机', '手机号', '联系方式', 'operatorPhone', 'operator phone'],
    required: false,
    example: '13800138000',
  },
  {
    key: 'businessType',
    header: '经营类型',
    english: 'business type',
    aliases: ['经营范围', '业态', 'businessType'],
    required: false,
    example: '餐饮',
  },
  {
    key: 'storefrontDescription',
    header: '门头描述',
    english: 'storefront',
    aliases: ['门头', '门头情况', 'storefrontDescription', 'storefront description'],
    required: false,
    example: '红底白字招牌，两开间',
  },
  {
    key: 'businessTools',
    header: '经营工具',
    english: 'tools',
    aliases: ['经营设施', 'businessTools', 'business tools'],
    required: false,
    example: '烤炉一台、折叠桌两张',
  },
  {
    key: 'address',
    header: '地址',
    english: 'address',
    aliases: ['经营地址', '地点', '位置描述'],
    required: false,
    example: '郑州市惠济区天河路18号',
  },
  { key: 'lng', header: '经度', english: 'lng', aliases: ['longitude', 'lon'], required: true, example: '113.6205' },
  { key: 'lat', header: '纬度', english: 'lat', aliases: ['latitude'], required: true, example: '34.8302' },
  {
    key: 'crs',
    header: '坐标系',
    english: 'crs',
    aliases: ['坐标系统', 'coordinate system'],
    required: false,
    example: 'WGS84',
  },
  {
    key: 'cardIssuedOn',
    header: '发卡日期',
    english: 'card issued on',
    aliases: ['提示卡发放日期', '发放日期', 'cardIssuedOn'],
    required: false,
    example: '2026-03-01',
  },
  {
    key: 'cardIssuedBy',
    header: '发卡人',
    english: 'card issued by',
    aliases: ['发放人', 'cardIssuedBy'],
    required: false,
    example: '张队员',
  },
  {
    key: 'active',
    header: '状态',
    english: 'active',
    aliases: ['经营状态', 'status'],
    required: false,
    example: '在营',
  },
];

export const EXPORT_ONLY_COLUMNS: readonly ColumnSpec<ExportOnlyColumnKey>[] = [
  { key: 'id', header: '编号', english: 'id', aliases: [] },
  { key: 'subDistrict', header: '街道', english: 'sub-district', aliases: ['街道/镇'] },
  { key: 'grid', header: '网格', english: 'grid', aliases: [] },
  { key: 'grade', header: '等级', english: 'grade', aliases: ['颜色'] },
  { key: 'gradeSince', header: '定级时间', english: 'grade since', aliases: ['gradeSince'] },
  {
    key: 'countingViolations',
    header: '计入违规次数',
    english: 'counting violations',
    aliases: ['违规次数', 'countingViolations'],
  },
];

/** Full-width letters and spaces folded, case and separators ignored: "Card_Issued On" = "cardissuedon". */
export function headerKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()（）*]/g, '');
}

const IMPORT_BY_HEADER = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS) {
  for (const word of [column.header, column.english, column.key, ...column.aliases]) {
    IMPORT_BY_HEADER.set(headerKey(word), column);
  }
}
const EXPORT_ONLY_HEADERS = new Set(
  EXPORT_ONLY_COLUMNS.flatMap((column) => [column.header, column.english, column.key, ...column.aliases]).map(
    headerKey,
  ),
);

/** What a header cell means: an import column, an export-only column (skipped), or unknown (skipped with a note). */
export function classifyHeader(header: string): ImportColumn | 'export_only' | undefined {
  const key = headerKey(header);
  return IMPORT_BY_HEADER.get(key) ?? (EXPORT_ONLY_HEADERS.has(key) ? 'export_only' : undefined);
}

export const REQUIRED_COLUMNS = IMPORT_COLUMNS.filter((column) => column.required);

/**
 * Excel runs a CSV cell that starts with =, @, or + or - before something
 * not a number as a formula. An export puts an apostrophe in front of such
 * a cell (and of one that already starts with apostrophes before it), which
 * Excel shows as text; the import takes exactly one away again.
 */
const FORMULA_LIKE = /^'*(?:[=@]|[+-](?![\d.]))/;

export function guardFormula(text: string): string {
  return FORMULA_LIKE.test(text) ? `'${text}` : text;
}

export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_LIKE.test(text) ? text.slice(1) : text;
}
