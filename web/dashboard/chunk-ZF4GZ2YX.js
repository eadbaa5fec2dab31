import{a as e,b as r}from"./chunk-KYWPBIKH.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as PieModule,r as createPieServices};
