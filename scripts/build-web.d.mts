export declare function buildWebIfStale(): boolean;
