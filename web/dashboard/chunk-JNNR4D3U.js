import{a as e,b as o}from"./chunk-522W7NNX.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as EventModelingModule,o as createEventModelingServices};
