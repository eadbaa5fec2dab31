import{a as o,b as e}from"./chunk-GRN7AWAT.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{o as InfoModule,e as createInfoServices};
