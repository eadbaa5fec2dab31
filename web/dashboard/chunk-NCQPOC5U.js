import{a as e,b as r}from"./chunk-RBREYB6M.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as TreemapModule,r as createTreemapServices};
