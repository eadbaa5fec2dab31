import{a as e,b as r}from"./chunk-IZSSC3QJ.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as WardleyModule,r as createWardleyServices};
