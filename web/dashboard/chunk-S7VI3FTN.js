import{a as r,b as e}from"./chunk-GCRSWAYI.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{r as GitGraphModule,e as createGitGraphServices};
