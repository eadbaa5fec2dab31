import{a as e,b as r}from"./chunk-67EXIPFU.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as ArchitectureModule,r as createArchitectureServices};
