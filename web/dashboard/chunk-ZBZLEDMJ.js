import{a as e,b as r}from"./chunk-2ZP3NALL.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as CynefinModule,r as createCynefinServices};
