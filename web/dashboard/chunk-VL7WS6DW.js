import{a as e,b as r}from"./chunk-IGEPJVEP.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as TreeViewModule,r as createTreeViewServices};
